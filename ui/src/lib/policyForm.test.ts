import { describe, expect, it } from "vitest";
import { policyTemplate as samplePolicyBody } from "../test/fixtures";
import { bodyOf, draftOf, draftSignature, normaliseMonthDay, placeOf } from "./policyForm";

describe("policyForm", () => {
  it("round-trips a body through the draft", () => {
    const body = samplePolicyBody({
      fees: [{ kind: "disclosure", amountYen: 1000, per: "per_request", when: "with_request" }],
      retention: [{ record: "case_record", years: 2, months: 6, after: "receipt" }],
      refusalGrounds: ["業務の適正な実施に著しい支障を及ぼすおそれ"],
    });
    const { body: back, errors } = bodyOf(draftOf(body));
    expect(errors).toEqual([]);
    expect(back).toEqual(body);
    // Row keys differ between two drafts of the same body; the signature does not.
    expect(draftSignature(draftOf(body))).toBe(draftSignature(draftOf(body)));
  });

  it("reads 全角 digits and names the numbers that are not whole numbers at their paths", () => {
    const fee = { kind: "disclosure", amountYen: 0, per: "per_request", when: "with_request" } as const;
    const draft = draftOf(samplePolicyBody({ fees: [fee, { ...fee, kind: "purpose_notice" }] }));
    draft.fees[0]!.amountYen = "１，０００円";
    draft.fees[1]!.amountYen = "千円";
    draft.deadline.days = "１４";
    draft.legalAgent.documents[0]!.issuedWithinMonths = "３";
    draft.appointedAgent.documents[0]!.issuedWithinMonths = "";
    const { body, errors } = bodyOf(draft);
    expect(body.fees[0]!.amountYen).toBe(1000);
    expect(body.deadline.days).toBe(14);
    expect(body.legalAgent.documents[0]!.issuedWithinMonths).toBe(3);
    expect(body.appointedAgent.documents[0]!.issuedWithinMonths).toBeNull();
    expect(errors).toEqual([{ field: "fees.1.amountYen", message: "金額は0以上の整数（円）で入力してください。" }]);
  });

  it("normalises a typed month-day", () => {
    expect(normaliseMonthDay("12/29")).toBe("12-29");
    expect(normaliseMonthDay("１－３")).toBe("01-03");
    expect(normaliseMonthDay("1月3日")).toBe("01-03");
    expect(normaliseMonthDay("大晦日")).toBe("大晦日");
  });

  it("says where a field path is", () => {
    expect(placeOf("name")).toBe("基本");
    expect(placeOf("fees.2.amountYen")).toBe("手数料（3行目）");
    expect(placeOf("feeMethods.0.instructions")).toBe("支払方法（1行目）");
    expect(placeOf("legalAgent.documents.1.issuedWithinMonths")).toBe("法定代理人・書類（2行目）");
    expect(placeOf("deadline.closures.0.from")).toBe("回答期限・休業期間（1行目）");
    expect(placeOf("refusalGrounds.1")).toBe("不開示の理由（2行目）");
  });
});
