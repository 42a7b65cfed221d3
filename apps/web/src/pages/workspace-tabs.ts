/**
 * The workspace's tabs and which one the address selects (`#/p/<id>?tab=code&version=3`): pure, so the rules
 * are unit-tested. The chat is a tab only on a narrow screen; on a wide one it sits beside the tabs.
 */
export const WORKSPACE_TABS = ['chat', 'preview', 'code', 'versions', 'instructions', 'publish', 'assets', 'export'] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

export const TAB_LABELS: Record<WorkspaceTab, string> = {
  chat: 'Chat',
  preview: 'Preview',
  code: 'Code',
  versions: 'Versions',
  instructions: 'Instructions',
  publish: 'Publish',
  assets: 'Assets',
  export: 'Export',
};

/** The tabs the strip lists at this width. */
export const tabsFor = (narrow: boolean): WorkspaceTab[] => WORKSPACE_TABS.filter((t) => narrow || t !== 'chat');

/**
 * The tab shown for the address's `tab`: a listed one as asked, else the first thing a person needs at this
 * width (the conversation on a phone, the page beside it on a wide screen, where `chat` is always in view).
 */
export function shownTab(param: string | null, narrow: boolean): WorkspaceTab {
  return tabsFor(narrow).find((t) => t === param) ?? (narrow ? 'chat' : 'preview');
}

/** The version the code view shows for the address's `version`: a positive whole number, else null (the head). */
export function shownVersion(param: string | null): number | null {
  if (!param || !/^[1-9]\d{0,8}$/.test(param)) return null;
  return Number(param);
}
