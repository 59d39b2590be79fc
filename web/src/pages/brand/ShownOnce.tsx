import { CopyButton } from "../../ui";

/**
 * A secret the server will never show again: copy it now. `null` when the answer was the
 * replay of an earlier attempt whose answer never arrived (`Idempotency-Key`): the secret
 * exists nowhere in clear any more, so the way out is to rotate it.
 */
export function ShownOnce({ title, id, secret, onDone }: { title: string; id: string; secret: string | null; onDone: () => void }) {
  return (
    <div class={`notice ${secret === null ? "warning" : "success"} reveal`} role="status" data-testid="secret-once">
      <p>
        <strong>{title}</strong>{" "}
        {secret === null ? "Your earlier attempt did it, but its answer was lost on the way: the secret cannot be shown again. Rotate it to get one you can copy." : "Copy the secret now: it is shown only once."}
      </p>
      <p class="small">
        Id <code data-testid="secret-id">{id}</code> <CopyButton text={id} label="Copy id" />
      </p>
      {secret !== null && (
        <code class="secret" data-testid="secret-value">
          {secret}
        </code>
      )}
      <p>
        {secret !== null && <CopyButton text={secret} label="Copy secret" />}{" "}
        <button type="button" onClick={onDone}>
          {secret === null ? "Close" : "I saved it"}
        </button>
      </p>
    </div>
  );
}
