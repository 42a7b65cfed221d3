import { DEVICES, type DeviceWidth } from './devices';

/** The preview's own controls: edit on the page (a toggle) and the width the page is shown at (a segmented control). */
export function PreviewControls({
  editing,
  onEditing,
  device,
  onDevice,
  disabled,
}: {
  editing: boolean;
  onEditing: (on: boolean) => void;
  device: DeviceWidth;
  onDevice: (d: DeviceWidth) => void;
  disabled: boolean;
}) {
  return (
    <div className="preview-controls">
      <button type="button" className={`button page-edit-toggle${editing ? ' on' : ''}`} aria-pressed={editing} disabled={disabled} onClick={() => onEditing(!editing)}>
        Edit on page
      </button>
      <div className="device-widths" role="group" aria-label="Preview width">
        {DEVICES.map((d) => (
          <button key={d.id} type="button" aria-pressed={device === d.id} onClick={() => onDevice(d.id)} title={d.width ? `${d.width} px wide` : 'The full width of the pane'}>
            {d.label}
          </button>
        ))}
      </div>
    </div>
  );
}
