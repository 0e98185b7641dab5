//! Fritid web app. This is the minimal shell that proves the build and the
//! serving path; the full shell (routing, accounts, bokmål/English) is
//! built on top of it.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let min_password = fritid_domain::account::PASSWORD_MIN_CHARS;
    view! {
        <a class="skip-link" href="#main">"Hopp til hovedinnhold"</a>
        <header class="site-header">
            <p class="brand">"Fritid"</p>
            <p class="owner">"Asker kommune"</p>
        </header>
        <main id="main" tabindex="-1">
            <h1>"Fritid i Asker"</h1>
            <p>"Her finner du fritidsaktiviteter, støtte fra Bamsefondet og gratis utlån av utstyr fra BUA."</p>
            <ul class="areas">
                <li><h2>"Aktiviteter"</h2><p>"Finn aktiviteter for alle aldre i nærmiljøet ditt."</p></li>
                <li><h2>"Bamsefondet"</h2><p>"Søk om støtte til kontingent og utstyr for barn og unge."</p></li>
                <li><h2>"BUA"</h2><p>"Lån sports- og friluftsutstyr gratis."</p></li>
            </ul>
            <p class="note">
                "Sidene er under arbeid. Utviklere finner API-et på "
                <a href="/api/docs/">"/api/docs"</a>
                {format!(". Passord må ha minst {min_password} tegn.")}
            </p>
        </main>
        <footer class="site-footer"><p>"Asker kommune · Fritid"</p></footer>
    }
}
