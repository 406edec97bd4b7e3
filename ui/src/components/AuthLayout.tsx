import type { ReactNode } from "react";
import { AppMark } from "./AppMark";

/** The frame of the screens before sign-in: the app's name and one card. */
export function AuthLayout({
  title,
  children,
  size = "narrow",
}: {
  title: string;
  children: ReactNode;
  size?: "narrow" | "medium" | "wide";
}) {
  return (
    <div className="auth-page">
      <main className={`auth-card auth-card--${size}`}>
        <header className="auth-card__header">
          <AppMark />
          <div>
            <p className="auth-card__app">窓口</p>
            <h1 className="auth-card__title">{title}</h1>
          </div>
        </header>
        {children}
      </main>
    </div>
  );
}
