import { useRef, type KeyboardEvent, type ReactNode } from "react";

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
}

/**
 * A WAI-ARIA tab list with its one panel: Left/Right/Home/End move between
 * tabs, only the current tab is in the Tab order. Ids and test ids are
 * `${idPrefix}-tab-${id}` and `${idPrefix}-panel-${id}`.
 */
export function Tabs<T extends string>({
  tabs,
  current,
  onChange,
  label,
  idPrefix,
  children,
}: {
  tabs: ReadonlyArray<TabItem<T>>;
  current: T;
  onChange: (id: T) => void;
  label: string;
  idPrefix: string;
  children: ReactNode;
}) {
  const refs = useRef<Partial<Record<T, HTMLButtonElement | null>>>({});

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((t) => t.id === current);
    let next = index;
    if (e.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (e.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = tabs.length - 1;
    else return;
    e.preventDefault();
    const tab = tabs[next]!;
    onChange(tab.id);
    refs.current[tab.id]?.focus();
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.id}`}
            aria-selected={t.id === current}
            aria-controls={`${idPrefix}-panel-${t.id}`}
            tabIndex={t.id === current ? 0 : -1}
            className={t.id === current ? "tab tab--current" : "tab"}
            onClick={() => onChange(t.id)}
            data-testid={`${idPrefix}-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`${idPrefix}-panel-${current}`}
        aria-labelledby={`${idPrefix}-tab-${current}`}
      >
        {children}
      </div>
    </>
  );
}
