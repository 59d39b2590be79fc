/** Tracking link codes: case-sensitive, URL-safe, globally unique. Shared by the API and the edge. */
export const LINK_CODE = /^[A-Za-z0-9_-]{4,64}$/;
