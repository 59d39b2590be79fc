/** What registering Rekomi's endpoint at a gateway gives back: its id there and the secret it signs with. */
export interface Registration {
  endpointId: string;
  secret: string;
}
