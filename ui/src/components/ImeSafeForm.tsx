import type { FormEvent, FormHTMLAttributes, ReactNode, Ref } from "react";
import { handleFormEnter } from "../lib/ime";

type Props = Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit" | "onKeyDown"> & {
  onSubmit: () => void;
  children: ReactNode;
  ref?: Ref<HTMLFormElement>;
};

/**
 * A form that never navigates, submits on Enter outside IME composition, and
 * never on the Enter that confirms a kana–kanji conversion. Every form in the
 * app is one of these.
 */
export function ImeSafeForm({ onSubmit, children, ...rest }: Props) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form noValidate {...rest} onSubmit={submit} onKeyDown={handleFormEnter}>
      {children}
    </form>
  );
}
