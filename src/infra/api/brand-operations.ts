import { campaignOperations } from "../../campaigns/operations";
import { listGatewayProductsOperation } from "../../campaigns/products";
import { commissionOperations } from "../../commissions/operations";
import { conversionOperations } from "../../conversions/operations";
import { affiliateOperations } from "../../creators/operations";
import { deadLetterOperations } from "../../dead-letters/operations";
import { enrollmentOperations } from "../../enrollments/operations";
import { gatewayConnectionOperations } from "../../gateway-connections/operations";
import { linkOperations } from "../../links/operations";
import { networkOperations } from "../../network/operations";
import { payoutOperations } from "../../payouts/operations";
import { s2sKeyOperations } from "../../s2s-keys/operations";
import { webhookOperations } from "../../webhooks/operations";
import type { AnyBrandOperation } from "./operation";

/** Every brand operation, in the order both doors mount them (/v1 and the dashboard). */
export const BRAND_OPERATIONS: AnyBrandOperation[] = [
  ...campaignOperations,
  listGatewayProductsOperation,
  ...enrollmentOperations,
  ...affiliateOperations,
  ...linkOperations,
  ...networkOperations,
  ...webhookOperations,
  ...s2sKeyOperations,
  ...gatewayConnectionOperations,
  ...conversionOperations,
  ...commissionOperations,
  ...deadLetterOperations,
  ...payoutOperations,
];
