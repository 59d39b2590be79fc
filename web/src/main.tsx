import { render } from "preact";
import { useEffect } from "preact/hooks";
import { HelpButton } from "./help/button";
import { BRAND_KEY, Layout } from "./layout";
import { Join } from "./pages/Join";
import { Applications as CreatorApplications } from "./pages/creator/Applications";
import { CreatorShell } from "./pages/creator/CreatorShell";
import { Matches } from "./pages/creator/Matches";
import { MyCampaigns } from "./pages/creator/MyCampaigns";
import { Profile as CreatorProfile } from "./pages/creator/Profile";
import { Applications } from "./pages/brand/Applications";
import { NewBrand } from "./pages/NewBrand";
import { SignIn, safeNext } from "./pages/auth/SignIn";
import { SignUp } from "./pages/auth/SignUp";
import { BrandShell } from "./pages/brand/BrandShell";
import { Campaigns } from "./pages/brand/Campaigns";
import { lazy } from "./lazy";
import { match, navigate, useLocation } from "./router";
import { SessionProvider, useMe, useSession } from "./session";
import { Empty, Loading } from "./ui";
import "./styles.css";

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}

/** `/`: the remembered brand, else the first, else the creator side, else the welcome page. */
function Home() {
  const me = useMe();
  if (me.memberships.length === 0) return me.affiliate ? <Redirect to="/creator/matches" /> : <NewBrand first />;
  const remembered = localStorage.getItem(BRAND_KEY);
  const brand = me.memberships.find((m) => m.brand_id === remembered) ?? me.memberships[0]!;
  return <Redirect to={`/brands/${brand.brand_id}/campaigns`} />;
}

// Pages few people open on a given visit load on first visit too: staff tooling, account
// settings, emailed-token pages, and brand and creator settings-like pages. The first
// load carries sign-in and sign-up, the daily brand and creator pages, and the help button.
const Account = lazy(() => import("./pages/Account").then((m) => m.Account));
const Admin = lazy(() => import("./pages/Admin").then((m) => m.Admin));
const CreatorInvitationPage = lazy(() => import("./pages/CreatorInvitation").then((m) => m.CreatorInvitationPage));
const Invitation = lazy(() => import("./pages/Invitation").then((m) => m.Invitation));
const ResetRequest = lazy(() => import("./pages/auth/ResetPassword").then((m) => m.ResetRequest));
const ResetConfirm = lazy(() => import("./pages/auth/ResetPassword").then((m) => m.ResetConfirm));
const VerifyEmail = lazy(() => import("./pages/auth/VerifyEmail").then((m) => m.VerifyEmail));
const ApiKeys = lazy(() => import("./pages/brand/ApiKeys").then((m) => m.ApiKeys));
const Audit = lazy(() => import("./pages/brand/Audit").then((m) => m.Audit));
const Settings = lazy(() => import("./pages/brand/Settings").then((m) => m.Settings));
const BrandTaxForms = lazy(() => import("./pages/brand/TaxForms").then((m) => m.TaxForms));
const Team = lazy(() => import("./pages/brand/Team").then((m) => m.Team));
const TaxForms = lazy(() => import("./pages/creator/TaxForms").then((m) => m.TaxForms));

// Brand pages beyond the daily ones load on first visit (their own chunks).
const Quickstart = lazy(() => import("./pages/brand/Quickstart").then((m) => m.Quickstart));
const Conversions = lazy(() => import("./pages/brand/Conversions").then((m) => m.Conversions));
const Analytics = lazy(() => import("./pages/brand/Analytics").then((m) => m.Analytics));
const Developers = lazy(() => import("./pages/brand/Developers").then((m) => m.Developers));
const WebhookDeliveries = lazy(() => import("./pages/brand/WebhookDeliveries").then((m) => m.WebhookDeliveries));
const CampaignRecruiting = lazy(() => import("./pages/brand/CampaignRecruiting").then((m) => m.CampaignRecruiting));
const CampaignPage = lazy(() => import("./pages/brand/CampaignPage").then((m) => m.CampaignPage));
const PaymentGateways = lazy(() => import("./pages/brand/PaymentGateways").then((m) => m.PaymentGateways));
const Commissions = lazy(() => import("./pages/brand/Commissions").then((m) => m.Commissions));
const Payouts = lazy(() => import("./pages/brand/Payouts").then((m) => m.Payouts));
const Earnings = lazy(() => import("./pages/creator/Earnings").then((m) => m.Earnings));
const CreatorPayouts = lazy(() => import("./pages/creator/Payouts").then((m) => m.Payouts));
const HelpPage = lazy(() => import("./help/page").then((m) => m.HelpPage));
const NewCampaign = lazy(() => import("./pages/brand/CampaignForm").then((m) => () => <m.CampaignForm campaign={null} />));

const BRAND_PAGES = {
  quickstart: Quickstart,
  campaigns: Campaigns,
  applications: Applications,
  conversions: Conversions,
  commissions: Commissions,
  payouts: Payouts,
  analytics: Analytics,
  developers: Developers,
  team: Team,
  "api-keys": ApiKeys,
  "tax-forms": BrandTaxForms,
  audit: Audit,
  settings: Settings,
} as const;
const CREATOR_PAGES = {
  matches: Matches,
  applications: CreatorApplications,
  campaigns: MyCampaigns,
  earnings: Earnings,
  payouts: CreatorPayouts,
  "tax-forms": TaxForms,
  profile: CreatorProfile,
} as const;

function SignedInRoutes({ path }: { path: string }) {
  const me = useMe();
  if (path === "/") return <Home />;
  if (path === "/brands/new") return <NewBrand />;
  if (path === "/account") return <Account />;
  if (path === "/tax-forms") return <Redirect to="/creator/tax-forms" />;
  if (path === "/admin" && me.is_platform_admin) return <Admin />;
  const creator = match("/creator/:section", path);
  if (path === "/creator" || (creator && !(creator.section! in CREATOR_PAGES))) return <Redirect to={me.affiliate ? "/creator/matches" : "/creator/profile"} />;
  if (creator) {
    // Without a profile, every creator page is the profile editor.
    const Page = me.affiliate ? CREATOR_PAGES[creator.section as keyof typeof CREATOR_PAGES] : CreatorProfile;
    return (
      <CreatorShell>
        <Page />
      </CreatorShell>
    );
  }
  const newCampaign = match("/brands/:brandId/campaigns/new", path);
  if (newCampaign) {
    return (
      <BrandShell brandId={newCampaign.brandId!}>
        <NewCampaign />
      </BrandShell>
    );
  }
  const campaign = match("/brands/:brandId/campaigns/:campaignId/:section", path);
  if (campaign && (campaign.section === "recommended" || campaign.section === "recruiting")) {
    return (
      <BrandShell brandId={campaign.brandId!}>
        <CampaignRecruiting campaignId={campaign.campaignId!} section={campaign.section} />
      </BrandShell>
    );
  }
  if (campaign && (campaign.section === "links" || campaign.section === "settings")) {
    return (
      <BrandShell brandId={campaign.brandId!}>
        <CampaignPage campaignId={campaign.campaignId!} section={campaign.section} />
      </BrandShell>
    );
  }
  const webhook = match("/brands/:brandId/developers/webhooks/:endpointId", path);
  if (webhook) {
    return (
      <BrandShell brandId={webhook.brandId!}>
        <WebhookDeliveries endpointId={webhook.endpointId!} />
      </BrandShell>
    );
  }
  const gateways = match("/brands/:brandId/settings/gateways", path);
  if (gateways) {
    return (
      <BrandShell brandId={gateways.brandId!}>
        <PaymentGateways />
      </BrandShell>
    );
  }
  const brand = match("/brands/:brandId/:section", path);
  if (brand && brand.section! in BRAND_PAGES) {
    const Page = BRAND_PAGES[brand.section as keyof typeof BRAND_PAGES];
    return (
      <BrandShell brandId={brand.brandId!}>
        <Page />
      </BrandShell>
    );
  }
  const bare = match("/brands/:brandId", path);
  if (bare) return <Redirect to={`/brands/${bare.brandId}/campaigns`} />;
  return <Empty title="Page not found">{<a href="/">Back to the dashboard</a>}</Empty>;
}

/** Pages with the help button: every signed-in page, and the public join and invitation pages. */
function App() {
  const { state } = useSession();
  const { path } = useLocation();
  const signedIn = state.status === "signed_in";
  const publicWithHelp = path === "/help" || path === "/invitations" || path === "/creator-invitations" || path.startsWith("/join/");
  return (
    <>
      <Page />
      {(signedIn || publicWithHelp) && <HelpButton signedIn={signedIn} />}
    </>
  );
}

function Page() {
  const { state } = useSession();
  const { path, search } = useLocation();

  // Pages that work signed in or out (they carry emailed tokens).
  if (path === "/verify-email") return <VerifyEmail />;
  if (path === "/reset-password") return <ResetRequest />;
  if (path === "/reset-password/confirm") return <ResetConfirm />;
  if (path === "/invitations") return <Invitation />;
  if (path === "/help") return <HelpPage />;
  if (path === "/creator-invitations") return <CreatorInvitationPage />;
  const join = match("/join/:code", path);
  if (join) return <Join code={join.code!} />;

  if (state.status === "loading") return <Loading label="Loading Rekomi…" />;
  if (state.status === "signed_out") {
    if (path === "/sign-up") return <SignUp />;
    if (path === "/sign-in") return <SignIn />;
    return <Redirect to={`/sign-in${path === "/" ? "" : `?next=${encodeURIComponent(path + location.search + location.hash)}`}`} />;
  }
  if (path === "/sign-in" || path === "/sign-up") return <Redirect to={safeNext(search.get("next"))} />;
  return (
    <Layout>
      <SignedInRoutes path={path} />
    </Layout>
  );
}

render(
  <SessionProvider>
    <App />
  </SessionProvider>,
  document.getElementById("app")!,
);
