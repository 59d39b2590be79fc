import { dashboardRoute } from "../../infra/api/dashboard-route";
import type { DashboardApp } from "../../infra/api/dashboard-types";
import { signedInSession } from "../../auth/session-middleware";
import { withPrincipal } from "../../infra/db/principal";
import { commonErrors, errorResponse, jsonBody, jsonResponse } from "../../infra/http/schemas";
import { withCreator } from "../access";
import { createProfile, findProfileOfUser, updateProfile } from "../queries";
import { CreateCreatorProfile, CreatorProfile, UpdateCreatorProfile, profileColumns, serializeProfile } from "../schemas";

export const getProfileRoute = dashboardRoute("creator", {
  method: "get",
  path: "/api/creator/profile",
  tags: ["Creator"],
  summary: "Your creator profile",
  responses: { 200: jsonResponse(CreatorProfile, "The profile."), ...commonErrors },
});

export const createProfileRoute = dashboardRoute("verified", {
  method: "post",
  path: "/api/creator/profile",
  tags: ["Creator"],
  summary: "Create your creator profile",
  description: "One profile per account, used for every campaign you apply to. Its email is your account's verified address.",
  request: { body: jsonBody(CreateCreatorProfile) },
  responses: { 201: jsonResponse(CreatorProfile, "The new profile."), ...commonErrors, 409: errorResponse("You already have a profile.") },
});

export const updateProfileRoute = dashboardRoute("creator", {
  method: "patch",
  path: "/api/creator/profile",
  tags: ["Creator"],
  summary: "Change your creator profile",
  description: "Only the fields sent change; lists are replaced whole.",
  request: { body: jsonBody(UpdateCreatorProfile) },
  responses: { 200: jsonResponse(CreatorProfile, "The updated profile."), ...commonErrors },
});

export function registerProfileRoutes(app: DashboardApp) {
  app.openapi(getProfileRoute, async (c) => {
    const row = await withCreator(c, (tx, creator) => findProfileOfUser(tx, creator.userId));
    return c.json(serializeProfile(row!), 200);
  });

  app.openapi(createProfileRoute, async (c) => {
    const { user } = signedInSession(c);
    const input = c.req.valid("json");
    const row = await withPrincipal(c.var.db(), { kind: "user", userId: user.id }, (tx) => createProfile(tx, user, input));
    return c.json(serializeProfile(row), 201);
  });

  app.openapi(updateProfileRoute, async (c) => {
    const input = c.req.valid("json");
    const row = await withCreator(c, (tx, creator) => updateProfile(tx, creator.affiliateId, profileColumns(input)));
    return c.json(serializeProfile(row), 200);
  });
}
