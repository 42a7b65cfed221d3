import type { PreviewInstance } from '@studio/containers';
import type { PreviewSessionEntity } from '@studio/data';

/** The session's instance, once every part of its address is recorded (null while it starts, or after a failure). */
export const instanceOf = (s: PreviewSessionEntity): PreviewInstance | null =>
  s.instanceId && s.host && s.vitePort && s.agentPort && s.agentToken ? { id: s.instanceId, host: s.host, vitePort: s.vitePort, agentPort: s.agentPort, token: s.agentToken } : null;
