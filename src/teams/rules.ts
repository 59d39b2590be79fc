import type { BrandRole } from "../infra/db/schema";
import { DomainError } from "../infra/domain-error";
import { roleAllows } from "./permissions";

/**
 * Team rules beyond the permission matrix: only owners touch the owner role, and a brand
 * always keeps at least one owner (the last owner can neither step down, be removed, nor
 * leave: they transfer ownership first).
 */
export function assertRoleChange(actor: BrandRole, from: BrandRole, to: BrandRole, owners: number): void {
  if ((from === "owner" || to === "owner") && !roleAllows(actor, "ownership.transfer")) {
    throw new DomainError("forbidden", "Only owners can grant or take away the owner role.", { param: "role" });
  }
  if (from === "owner" && to !== "owner" && owners <= 1) {
    throw new DomainError("conflict", "The last owner cannot step down: transfer ownership first.", { param: "role" });
  }
}

export function assertRemoval(actor: BrandRole, target: BrandRole, owners: number, self: boolean): void {
  if (target === "owner" && !self && !roleAllows(actor, "ownership.transfer")) {
    throw new DomainError("forbidden", "Only owners can remove an owner.");
  }
  if (target === "owner" && owners <= 1) {
    throw new DomainError("conflict", self ? "The last owner cannot leave: transfer ownership first." : "The last owner cannot be removed.");
  }
}
