import { isoCurrency } from "../../currencies";
import { decimalToMinor } from "../../money";
import { PayloadError } from "../types";
import { textAt, type XmlElement } from "./xml";

/**
 * An amount of a Braintree transaction or dispute: a decimal string ("49.99") in the tag
 * `amountTag`, converted by the currency's exponent without floats. Errors name
 * `<name>.<tag>`.
 */
export function braintreeMoney(element: XmlElement | undefined, name: string, amountTag = "amount"): { amount: number; currency: string } {
  const currency = isoCurrency(textAt(element, "currency-iso-code"));
  if (!currency) throw new PayloadError(`${name}.currency-iso-code`, `the ${name} has no ISO currency code`);
  const decimal = textAt(element, amountTag);
  if (decimal === undefined) throw new PayloadError(`${name}.${amountTag}`, `${name}.${amountTag} is missing`);
  const amount = decimalToMinor(decimal, currency);
  if (amount === null) throw new PayloadError(`${name}.${amountTag}`, `${name}.${amountTag} is not a decimal amount that ${currency} can hold`);
  return { amount, currency };
}
