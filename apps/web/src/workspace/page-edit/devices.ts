/** The widths the preview can be shown at: a phone's, a tablet's, or the whole pane. */
export const DEVICES = [
  { id: 'phone', label: 'Phone', width: 390 },
  { id: 'tablet', label: 'Tablet', width: 768 },
  { id: 'desktop', label: 'Desktop', width: null },
] as const;
export type DeviceWidth = (typeof DEVICES)[number]['id'];

/** The width kept in the address (`device=`), or the whole pane for anything else. */
export const deviceOf = (value: string | null): DeviceWidth => DEVICES.find((d) => d.id === value)?.id ?? 'desktop';

/** The iframe's width for a device: pixels, or the full pane. */
export const frameWidth = (device: DeviceWidth): string => {
  const width = DEVICES.find((d) => d.id === device)?.width;
  return width ? `${width}px` : '100%';
};
