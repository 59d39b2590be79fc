declare namespace Cloudflare {
  interface Env {
    DATABASE_URL: string;
    LOCAL_DB_BRIDGE?: string;
    APP_ENV: string;
  }
}
