// Types for tests running inside workerd. Each worker project's main module exports a
// default handler; `exports.default` is its loopback Fetcher.
declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    LOCAL_DB_BRIDGE?: string;
    APP_ENV: "development" | "test" | "production";
    TRACKING_BASE_URL: string;
    SECRETS_ENCRYPTION_KEY: string;
    CLICK_SIGNING_SECRET: string;
    CLICKS_QUEUE: Queue<import("../src/infra/queues/messages").ClickBatchMessage>;
    EVENTS_QUEUE: Queue<import("../src/infra/queues/messages").EventBatchMessage>;
    WEBHOOKS: Queue;
    ASSETS: Fetcher;
    APP_ORIGIN: string;
    EMAIL_TRANSPORT: "mailbox" | "resend";
    EMAIL_FROM: string;
    SESSION_SECRET: string;
    PASSWORD_PEPPER: string;
    FILE_URL_SECRET: string;
    TAX_FORMS: R2Bucket;
    TEST_OWNER_DATABASE_URL?: string;
    /** The gateway stand-ins (test/support/global-setup.ts), with their `/_stand-in/control/…` API. */
    STRIPE_API_URL: string;
    PADDLE_API_URL: string;
  }
  interface GlobalProps {
    mainModule: { default: ExportedHandler<Env> };
  }
}

// Text files imported as strings by tests (Vite's `?raw`), e.g. docs checked against code.
declare module "*?raw" {
  const text: string;
  export default text;
}
