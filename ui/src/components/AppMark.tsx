/** The app's mark: 窓 on a deep-blue rounded square (as the window icon). */
export function AppMark({ size = 36 }: { size?: number }) {
  return (
    <span className="app-mark" style={{ width: size, height: size, fontSize: size * 0.62 }} aria-hidden="true">
      窓
    </span>
  );
}
