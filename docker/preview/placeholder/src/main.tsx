// A warm preview's stand-in project: it makes Vite start and pre-bundle React before a project claims the
// container, which then replaces every file with its own.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p>Starting…</p>);
