import type { FakeCaseSeed } from "../backend/fake";
import { sampleInput } from "../backend/fakeCases";

const NAMES: Array<[string, string]> = [
  ["見本 花子", "ミホン ハナコ"],
  ["高橋 一郎", "タカハシ イチロウ"],
  ["佐々木 由美", "ササキ ユミ"],
  ["田中 次郎", "タナカ ジロウ"],
  ["伊藤 さくら", "イトウ サクラ"],
];

/** `n` cases received on different days of 2026 (the newest last), receipt numbers 2026-0001…. */
export function manyCases(n: number): FakeCaseSeed[] {
  return Array.from({ length: n }, (_, i) => {
    const [name, kana] = NAMES[i % NAMES.length]!;
    const day = new Date(2026, 0, 1 + Math.floor(i / 2));
    const receivedOn = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
    return {
      input: sampleInput({
        receivedOn,
        channel: i % 3 === 0 ? "email" : "post",
        requester: { name: `${name}${i + 1}`, kana, email: `user${i + 1}@example.jp` },
        kinds: i % 4 === 0 ? ["disclosure", "deletion"] : ["disclosure"],
        specificPersonalInfo: i % 10 === 0,
      }),
    };
  });
}
