import { WorkingTree } from '@studio/validation';
import { repairPrompt } from './prompts.js';

const tree = (paths: string[]) => new WorkingTree(new Map(paths.map((p) => [p, Buffer.from(p.endsWith('.tsx') ? 'export default 1;\n' : 'x')])));
const refusal = (code: 'ASSET_NOT_FOUND' | 'SYNTAX_ERROR') => ({
  action: 'write' as const,
  path: 'src/App.tsx',
  code,
  message: 'src/App.tsx:2:20 uses /assets/logo.svg, but public/assets/logo.svg does not exist.',
});

describe('repairPrompt', () => {
  it('lists the project assets as pages write them when an asset path was refused', () => {
    const prompt = repairPrompt({ refused: [refusal('ASSET_NOT_FOUND')], warnings: [], inserted: [], tree: tree(['src/App.tsx', 'public/assets/logo.png', 'public/assets/team.jpg']) });
    expect(prompt).toContain('## Project assets (use only these paths)\n- /assets/logo.png\n- /assets/team.jpg');
    expect(prompt).toContain('ASSET_NOT_FOUND: src/App.tsx:2:20 uses /assets/logo.svg');
  });

  it('says there are none, so the model draws instead', () => {
    const prompt = repairPrompt({ refused: [refusal('ASSET_NOT_FOUND')], warnings: [], inserted: [], tree: tree(['src/App.tsx']) });
    expect(prompt).toContain('## Project assets\nNone: the project has no images.');
  });

  it('leaves the list out when no asset path was refused', () => {
    const prompt = repairPrompt({ refused: [refusal('SYNTAX_ERROR')], warnings: [], inserted: [], tree: tree(['src/App.tsx', 'public/assets/logo.png']) });
    expect(prompt).not.toContain('## Project assets');
  });
});
