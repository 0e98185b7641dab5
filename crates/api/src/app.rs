//! Builds the HTTP server: middleware, routes, API reference and the SPA.

use crate::config::Config;
use crate::edge::ProblemIo;
use crate::error;
use crate::route_table::RouteTable;
use crate::state::AppState;
use crate::{cross_origin, etag, openapi, problems, request_id, site, spa};
use actix_http::{HttpService, KeepAlive};
use actix_service::{fn_service, map_config, ServiceFactoryExt};
use actix_web::dev::AppConfig;
use actix_web::dev::Server;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{from_fn, Compress, DefaultHeaders, ErrorHandlers};
use actix_web::rt::net::TcpStream;
use actix_web::{web, App};
use std::net::TcpListener;
use std::sync::LazyLock;
use std::time::Duration;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// Content-Security-Policy for the web app: only our own origin, plus what
/// WebAssembly needs to compile, and the decision letters' inline style
/// sheet by its SHA-256 (a letter opened from the app as a `blob:` page
/// inherits the app's policy).
fn csp() -> &'static HeaderValue {
    static CSP: LazyLock<HeaderValue> = LazyLock::new(|| {
        use base64::Engine as _;
        use sha2::Digest as _;
        let letters = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(
            crate::routes::bamsefondet::letters::style_sheet().as_bytes(),
        ));
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'sha256-{letters}'; \
img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'"
        );
        HeaderValue::from_str(&policy)
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
    });
    &CSP
}

pub struct Application {
    port: u16,
    server: Server,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    /// Connects the pool, binds the listener (port 0 picks a free port) and
    /// builds the server. Does not run migrations.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let pool = fritid_db::connect_pool(
            config.database_url.expose(),
            config.db_pool_size,
            std::time::Duration::from_secs(5),
        )?;
        let replica = match &config.database_replica_url {
            Some(url) => Some(fritid_db::connect_pool(
                url.expose(),
                config.db_pool_size,
                std::time::Duration::from_secs(5),
            )?),
            None => None,
        };
        let listener = TcpListener::bind(config.listen)?;
        let port = listener.local_addr()?.port();
        let workers = config.workers;
        let static_dir = config.static_dir.clone();
        let cors_origins = config.cors_origins.clone();
        crate::links::set_public_url(&config.public_url);
        let (state, keys) =
            AppState::new(config, pool, replica).map_err(|e| anyhow::anyhow!("{e}"))?;
        if state.config.jobs.enabled {
            let jobs = crate::platform::jobs::standard_jobs(
                &state.config,
                &state.pool,
                state.templates.clone(),
            )?;
            let scheduler = crate::platform::jobs::Scheduler::new(
                state.pool.clone(),
                jobs,
                state.config.jobs.tick,
            );
            tokio::spawn(scheduler.run_forever());
        }
        if state.search_cache.is_some() {
            state.catalogue.clone().listen(
                state.config.database_url.expose().to_owned(),
                state.replica.is_some(),
            );
        }
        let state = web::Data::new(state);
        let keys = web::Data::new(keys);
        let doc = openapi::document();
        let route_table = web::Data::new(RouteTable::from_openapi(&doc));

        let make_app = move || {
            let app = App::new()
                .app_data(state.clone())
                .app_data(keys.clone())
                .app_data(route_table.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(error::JSON_LIMIT)
                        .error_handler(error::json_error_handler),
                )
                .app_data(web::QueryConfig::default().error_handler(error::query_error_handler))
                .app_data(web::PathConfig::default().error_handler(error::path_error_handler))
                .app_data(web::PayloadConfig::default().limit(error::JSON_LIMIT))
                .wrap(from_fn(crate::platform::changes::counts_own_writes))
                .wrap(from_fn(etag::middleware))
                .wrap(from_fn(cross_origin::head_as_get))
                .wrap(cross_origin::cors(&cors_origins))
                .wrap(ErrorHandlers::new().default_handler(error::bare_error_to_problem))
                .wrap(Compress::default())
                .wrap(
                    DefaultHeaders::new()
                        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                        .add((header::REFERRER_POLICY, "no-referrer"))
                        .add((header::X_FRAME_OPTIONS, "DENY")),
                )
                .wrap(from_fn(security_headers))
                .wrap(from_fn(request_id::middleware))
                .wrap(TracingLogger::default());
            openapi::mount(app.into_utoipa_app())
                .into_app()
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", doc.clone()))
                .service(web::redirect("/api/docs", "/api/docs/"))
                .configure(problems::configure)
                .configure(site::configure)
                .configure(spa::configure(static_dir.clone()))
        };
        // actix-web's `HttpServer`, assembled by hand so that each connection
        // can go through `ProblemIo` (see `edge`), with HttpServer's timeouts.
        let addr = listener.local_addr()?;
        let server = actix_server::Server::build()
            .listen("fritid-http", listener, move || {
                let http = HttpService::build()
                    .keep_alive(KeepAlive::Timeout(Duration::from_secs(5)))
                    .client_request_timeout(Duration::from_secs(5))
                    .client_disconnect_timeout(Duration::from_secs(1))
                    .local_addr(addr)
                    .h1(map_config(make_app(), |_| AppConfig::default()));
                fn_service(|io: TcpStream| async move {
                    let peer = io.peer_addr().ok();
                    Ok((ProblemIo::new(io), peer))
                })
                .and_then(http)
            })?
            .workers(workers)
            .shutdown_timeout(10)
            .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGINT/SIGTERM, then finishes in-flight requests (up to 10 s).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// CSP on everything but the Swagger UI (which needs inline styles and scripts
/// of its own), no caching of API answers that carry personal data, and HSTS
/// in production.
async fn security_headers(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let hsts = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.config.hsts);
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    if hsts {
        // Production runs behind TLS: browsers must never fall back to HTTP.
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !path.starts_with("/api/docs") {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp().clone());
    }
    if path.starts_with("/api/") {
        // The CORS answer depends on the caller's origin (see `cross_origin`).
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    if path.starts_with("/api/v1/") && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
