// What test/support/global-setup.ts provides to every test (Node and workerd alike).
declare module "vitest" {
  export interface ProvidedContext {
    appDatabaseUrl: string;
    ownerDatabaseUrl: string;
    webhookSinkUrl: string;
  }
}

export {};
