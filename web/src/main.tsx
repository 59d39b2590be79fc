import { render } from "preact";
import { useState } from "preact/hooks";
import { apiKey, setApiKey } from "./api";
import { Campaigns } from "./pages/Campaigns";
import "./styles.css";

function KeyForm({ onKey }: { onKey: (k: string) => void }) {
  const [value, setValue] = useState("");
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        onKey(value);
      }}
    >
      <h2>Connect with an API key</h2>
      <p class="muted">
        <code>npm run dev</code> prints a dashboard link with the demo key, or paste a brand API key.
      </p>
      <input name="api_key" placeholder="rk_live_…" value={value} onInput={(e) => setValue(e.currentTarget.value)} autoComplete="off" />
      <button type="submit" disabled={!value.trim()}>
        Open dashboard
      </button>
    </form>
  );
}

function App() {
  const [key, setKey] = useState(apiKey());
  return (
    <div class="shell">
      <header>
        <span class="logo">Rekomi</span>
        <nav>
          <a href="/" aria-current="page">
            Campaigns
          </a>
          <a href="/docs/api">API reference</a>
        </nav>
      </header>
      <main>
        <h1>Campaigns</h1>
        {key ? (
          <Campaigns
            onSignOut={() => {
              sessionStorage.clear();
              setKey(null);
            }}
          />
        ) : (
          <KeyForm
            onKey={(k) => {
              setApiKey(k);
              setKey(k.trim());
            }}
          />
        )}
      </main>
    </div>
  );
}

render(<App />, document.getElementById("app")!);
