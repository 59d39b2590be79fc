import { api, type Campaign, type Page } from "../../api";
import { commissionLabel } from "../../format";
import { Link } from "../../router";
import { Empty, Loaded, useLoad } from "../../ui";
import { useBrand } from "./BrandShell";

export function Campaigns() {
  const { brand, can } = useBrand();
  const { state, reload } = useLoad(() => api<Page<Campaign>>(`/api/brands/${brand.id}/campaigns?limit=100`), [brand.id]);
  const create = can("campaigns.manage") && brand.status === "active";
  const newCampaign = create && (
    <Link href={`/brands/${brand.id}/campaigns/new`} class="button">
      New campaign
    </Link>
  );
  return (
    <Loaded state={state} reload={reload}>
      {(page) =>
        page.data.length === 0 ? (
          <Empty title="No campaigns yet">
            <p>
              A campaign says where tracking links go and what creators earn. The <Link href={`/brands/${brand.id}/quickstart`}>Quickstart</Link> walks you through the rest.
            </p>
            {newCampaign}
          </Empty>
        ) : (
          <div class="stack">
            {newCampaign && <p>{newCampaign}</p>}
            <table class="grid" data-testid="campaigns">
              <thead>
                <tr>
                  <th>Campaign</th>
                  <th>Commission</th>
                  <th>Cookie window</th>
                  <th>Visibility</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {page.data.map((c) => {
                  const href = `/brands/${brand.id}/campaigns/${c.id}`;
                  return (
                    <tr key={c.id}>
                      <td>
                        <Link href={`${href}/links`}>
                          <strong>{c.name}</strong>
                        </Link>
                        <div class="muted small">{c.destination_url}</div>
                      </td>
                      <td>{commissionLabel(c.commission)}</td>
                      <td>{c.cookie_window_days} days</td>
                      <td>
                        {c.visibility}
                        {c.visibility === "listed" && c.listing && c.listing.status !== "approved" && <span class="muted small"> · {c.listing.status === "pending" ? "in review" : "not approved"}</span>}
                      </td>
                      <td>
                        <span class={`badge ${c.status}`}>{c.status}</span>
                      </td>
                      <td class="actions">
                        <Link href={`${href}/links`}>Creators &amp; links</Link>
                        <br />
                        <Link href={`${href}/settings`}>Settings</Link>
                        <br />
                        <Link href={`${href}/recommended`}>Recommended creators</Link>
                        <br />
                        <Link href={`${href}/recruiting`}>Join link &amp; invitations</Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      }
    </Loaded>
  );
}
