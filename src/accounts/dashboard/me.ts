import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { signedInSession } from "../../auth/session-middleware";
import { readAs, withPrincipal } from "../../infra/db/principal";
import { commonErrors, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { loadMe, loadSessionUser, setName } from "../queries";
import { Me, UpdateMe } from "../schemas";

export const getMeRoute = dashboardRoute("signed_in", {
  method: "get",
  path: "/api/me",
  tags: ["Account"],
  summary: "The signed-in user and their brands",
  responses: { 200: jsonResponse(Me, "The signed-in user."), ...commonErrors },
});

export const updateMeRoute = dashboardRoute("signed_in", {
  method: "patch",
  path: "/api/me",
  tags: ["Account"],
  summary: "Change your name",
  request: { body: jsonBody(UpdateMe) },
  responses: { 200: jsonResponse(Me, "The updated user."), ...commonErrors },
});

export function registerMe(app: DashboardApp) {
  app.openapi(getMeRoute, async (c) => {
    const { user } = signedInSession(c);
    const me = await readAs(c.var.db(), { kind: "user", userId: user.id }, (tx) => loadMe(tx, user));
    return c.json(me, 200);
  });

  app.openapi(updateMeRoute, async (c) => {
    const { user } = signedInSession(c);
    const { name } = c.req.valid("json");
    const me = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, async (tx) => {
      await setName(tx, user.id, name);
      return loadMe(tx, await loadSessionUser(tx, user.id));
    });
    return c.json(me, 200);
  });
}
