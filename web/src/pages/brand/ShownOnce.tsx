import { CopyButton } from "../../ui";

/** A secret the server will never show again: copy it now. */
export function ShownOnce({ title, id, secret, onDone }: { title: string; id: string; secret: string; onDone: () => void }) {
  return (
    <div class="notice success reveal" role="status" data-testid="secret-once">
      <p>
        <strong>{title}</strong> Copy the secret now: it is shown only once.
      </p>
      <p class="small">
        Id <code data-testid="secret-id">{id}</code> <CopyButton text={id} label="Copy id" />
      </p>
      <code class="secret" data-testid="secret-value">
        {secret}
      </code>
      <p>
        <CopyButton text={secret} label="Copy secret" />{" "}
        <button type="button" onClick={onDone}>
          I saved it
        </button>
      </p>
    </div>
  );
}
