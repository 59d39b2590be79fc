import { render } from "preact";
import { useEffect } from "preact/hooks";
import { BRAND_KEY, Layout } from "./layout";
import { Account } from "./pages/Account";
import { Admin } from "./pages/Admin";
import { Invitation } from "./pages/Invitation";
import { NewBrand } from "./pages/NewBrand";
import { ResetConfirm, ResetRequest } from "./pages/auth/ResetPassword";
import { SignIn, safeNext } from "./pages/auth/SignIn";
import { SignUp } from "./pages/auth/SignUp";
import { VerifyEmail } from "./pages/auth/VerifyEmail";
import { ApiKeys } from "./pages/brand/ApiKeys";
import { Audit } from "./pages/brand/Audit";
import { BrandShell } from "./pages/brand/BrandShell";
import { Campaigns } from "./pages/brand/Campaigns";
import { Settings } from "./pages/brand/Settings";
import { TaxForms as BrandTaxForms } from "./pages/brand/TaxForms";
import { Team } from "./pages/brand/Team";
import { TaxForms } from "./pages/creator/TaxForms";
import { match, navigate, useLocation } from "./router";
import { SessionProvider, useMe, useSession } from "./session";
import { Empty, Loading } from "./ui";
import "./styles.css";

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}

/** `/`: the remembered brand, else the first, else a creator's own pages, else creating a brand. */
function Home() {
  const me = useMe();
  if (me.memberships.length === 0) return me.affiliate ? <Redirect to="/tax-forms" /> : <NewBrand first />;
  const remembered = localStorage.getItem(BRAND_KEY);
  const brand = me.memberships.find((m) => m.brand_id === remembered) ?? me.memberships[0]!;
  return <Redirect to={`/brands/${brand.brand_id}/campaigns`} />;
}

const BRAND_PAGES = { campaigns: Campaigns, team: Team, "api-keys": ApiKeys, "tax-forms": BrandTaxForms, audit: Audit, settings: Settings } as const;

function SignedInRoutes({ path }: { path: string }) {
  const me = useMe();
  if (path === "/") return <Home />;
  if (path === "/brands/new") return <NewBrand />;
  if (path === "/account") return <Account />;
  if (path === "/tax-forms") return <TaxForms />;
  if (path === "/admin" && me.is_platform_admin) return <Admin />;
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

function App() {
  const { state } = useSession();
  const { path, search } = useLocation();

  // Pages that work signed in or out (they carry emailed tokens).
  if (path === "/verify-email") return <VerifyEmail />;
  if (path === "/reset-password") return <ResetRequest />;
  if (path === "/reset-password/confirm") return <ResetConfirm />;
  if (path === "/invitations") return <Invitation />;

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
