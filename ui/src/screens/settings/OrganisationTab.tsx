import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useBackend } from "../../backend/context";
import type { Organisation } from "../../backend/types";
import { ErrorAlert, StatusMessage } from "../../components/Alert";
import { Button } from "../../components/Button";
import { ImeSafeForm } from "../../components/ImeSafeForm";
import { OrganisationFields } from "../../components/OrganisationFields";
import { queryKeys } from "../../lib/queries";
import { useCommand } from "../../lib/useCommand";

export function OrganisationTab({ canEdit }: { canEdit: boolean }) {
  const backend = useBackend();
  const query = useQuery({ queryKey: queryKeys.organisation, queryFn: () => backend.getOrganisation() });
  if (query.isPending) return <p className="muted">読み込み中…</p>;
  if (query.isError) {
    return <ErrorAlert>{(query.error as { message?: string }).message ?? "組織情報を取得できませんでした。"}</ErrorAlert>;
  }
  return <OrganisationForm initial={query.data} canEdit={canEdit} />;
}

const ORG_TEST_IDS: Record<keyof Organisation, string> = {
  name: "org-name",
  deskName: "org-desk-name",
  postalCode: "org-postal-code",
  address: "org-address",
  phone: "org-phone",
  email: "org-email",
};

function OrganisationForm({ initial, canEdit }: { initial: Organisation; canEdit: boolean }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [org, setOrg] = useState<Organisation>(initial);
  const [saved, setSaved] = useState(false);
  const save = useCommand((organisation: Organisation) => backend.updateOrganisation(organisation));

  const submit = async () => {
    if (!canEdit) return;
    setSaved(false);
    const outcome = await save.run(org);
    if (outcome.ok) {
      client.setQueryData(queryKeys.organisation, outcome.value);
      setOrg(outcome.value);
      setSaved(true);
    }
  };

  return (
    <ImeSafeForm onSubmit={() => void submit()} aria-label="組織情報" className="settings-form">
      <p className="lead">回答文書の差出人・レターヘッドに使われます。</p>
      {!canEdit ? (
        <p className="notice notice--info" data-testid="org-read-only">
          組織情報の変更は管理者のみ行えます。
        </p>
      ) : null}
      {save.error ? <ErrorAlert testId="org-error">{save.error.message}</ErrorAlert> : null}
      <OrganisationFields
        value={org}
        onChange={(field, value) => {
          setOrg((o) => ({ ...o, [field]: value }));
          setSaved(false);
        }}
        errors={save.fieldErrors}
        testIds={ORG_TEST_IDS}
        readOnly={!canEdit}
      />
      {canEdit ? (
        <div className="form-actions form-actions--start">
          <Button type="submit" variant="primary" testId="org-save" pending={save.pending} pendingLabel="保存中…">
            保存
          </Button>
          {saved ? <StatusMessage testId="org-saved">保存しました。</StatusMessage> : null}
        </div>
      ) : null}
    </ImeSafeForm>
  );
}
