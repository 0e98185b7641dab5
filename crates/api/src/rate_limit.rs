//! Rate limits on login and registration, per client IP and per account
//! (generic cell rate algorithm from `governor`). Limits are kept in memory
//! per API node: with N nodes behind a load balancer an attacker gets at
//! most N times the budget, which still bounds online password guessing.

use crate::config::RateLimits;
use crate::error::ApiError;
use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;

#[derive(Debug)]
pub struct RateLimiters {
    login_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    login_per_account: DefaultKeyedRateLimiter<String>,
    register_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    trust_proxy: bool,
}

fn nz(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

fn check<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), ApiError> {
    if limiter.len() > 100_000 {
        limiter.retain_recent();
    }
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        ApiError::RateLimited {
            retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        }
    })
}

impl RateLimiters {
    pub fn new(limits: &RateLimits, trust_proxy: bool) -> Self {
        Self {
            login_per_ip: RateLimiter::keyed(Quota::per_minute(nz(limits.login_per_ip_per_minute))),
            login_per_account: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::MIN).allow_burst(nz(limits.login_per_account_burst)),
            ),
            register_per_ip: RateLimiter::keyed(Quota::per_hour(nz(
                limits.register_per_ip_per_hour
            ))),
            trust_proxy,
        }
    }

    fn client_ip(&self, req: &HttpRequest) -> IpAddr {
        let from_proxy = self
            .trust_proxy
            .then(|| {
                req.connection_info()
                    .realip_remote_addr()
                    .and_then(|a| a.parse::<IpAddr>().ok())
            })
            .flatten();
        from_proxy
            .or_else(|| req.peer_addr().map(|a| a.ip()))
            .unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    /// A login attempt for `account` (a normalised email) from this request.
    pub fn login(&self, req: &HttpRequest, account: &str) -> Result<(), ApiError> {
        check(&self.login_per_ip, &self.client_ip(req))?;
        check(&self.login_per_account, &account.to_owned())
    }

    /// A password check for an account that is already logged in (password change).
    pub fn password_check(&self, account: &str) -> Result<(), ApiError> {
        check(&self.login_per_account, &account.to_owned())
    }

    pub fn register(&self, req: &HttpRequest) -> Result<(), ApiError> {
        check(&self.register_per_ip, &self.client_ip(req))
    }
}
