// What test/support/global-setup.ts provides to every test (Node and workerd alike).
declare module "vitest" {
  export interface ProvidedContext {
    appDatabaseUrl: string;
    ownerDatabaseUrl: string;
    /** An empty database owned by the owner role ("" if none could be made). */
    scratchOwnerDatabaseUrl: string;
    webhookSinkUrl: string;
  }
}

export {};
