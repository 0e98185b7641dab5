//! Rate limits on login and registration (generic cell rate algorithm from
//! `governor`). Limits are kept in memory per API node: with N nodes behind
//! a load balancer an attacker gets at most N times the budget, which still
//! bounds online password guessing.
//!
//! Logins are limited three ways:
//! - per client address (`login_per_ip_per_minute`), against one machine
//!   guessing many accounts;
//! - per account *and* client address (`login_per_account_burst`, then one
//!   a minute), against guessing one account's password: the attacker's
//!   failures fill the attacker's own bucket, so the owner, logging in from
//!   another address, is not locked out by them;
//! - per account from all addresses together (`login_per_account_per_hour`),
//!   a high ceiling against a guess spread over many addresses.

use crate::config::RateLimits;
use crate::error::ApiError;
use actix_web::http::header::{HeaderMap, HeaderName};
use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

#[derive(Debug)]
pub struct RateLimiters {
    login_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    login_per_account_ip: DefaultKeyedRateLimiter<(String, IpAddr)>,
    login_per_account: DefaultKeyedRateLimiter<String>,
    register_per_ip: DefaultKeyedRateLimiter<IpAddr>,
    trusted_proxy_hops: usize,
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

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `::1`,
/// `[::1]`, `[::1]:80`, optionally in quotes (the `Forwarded` header).
fn parse_addr(raw: &str) -> Option<IpAddr> {
    let raw = raw.trim().trim_matches('"');
    raw.parse::<IpAddr>()
        .ok()
        .or_else(|| raw.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            raw.strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|r| r.parse().ok())
        })
}

/// The hops proxies recorded, oldest first: every `X-Forwarded-For` entry,
/// or, without that header, every `for=` of `Forwarded`.
fn forwarded_chain(headers: &HeaderMap) -> Vec<String> {
    let all = |name: HeaderName| -> Vec<String> {
        headers
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .collect()
    };
    let xff = all(HeaderName::from_static("x-forwarded-for"));
    if !xff.is_empty() {
        return xff;
    }
    all(actix_web::http::header::FORWARDED)
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| v.trim().to_owned())
            })
        })
        .collect()
}

/// The client's address behind `hops` trusted proxies. Every proxy appends
/// the address it received the request from, so only the last `hops`
/// entries of the chain (the last being the direct peer) were written by
/// our proxies; anything left of them was written by the client and is
/// ignored. With `hops == 0` the peer is the client.
pub fn client_addr(peer: Option<IpAddr>, chain: &[String], hops: usize) -> Option<IpAddr> {
    if hops == 0 || chain.is_empty() {
        return peer;
    }
    // chain + [peer]: the client is `hops` places left of the peer.
    let index = chain.len().saturating_sub(hops);
    chain.get(index).and_then(|raw| parse_addr(raw)).or(peer)
}

impl RateLimiters {
    pub fn new(limits: &RateLimits, trusted_proxy_hops: usize) -> Self {
        Self {
            login_per_ip: RateLimiter::keyed(Quota::per_minute(nz(limits.login_per_ip_per_minute))),
            login_per_account_ip: RateLimiter::keyed(
                Quota::per_minute(NonZeroU32::MIN).allow_burst(nz(limits.login_per_account_burst)),
            ),
            login_per_account: RateLimiter::keyed(Quota::per_hour(nz(
                limits.login_per_account_per_hour
            ))),
            register_per_ip: RateLimiter::keyed(Quota::per_hour(nz(
                limits.register_per_ip_per_hour
            ))),
            trusted_proxy_hops,
        }
    }

    /// The client's address: the peer, or behind trusted proxies the address
    /// the outermost of them saw.
    pub fn client_ip(&self, req: &HttpRequest) -> IpAddr {
        let peer = req.peer_addr().map(|a| a.ip());
        let chain = if self.trusted_proxy_hops > 0 {
            forwarded_chain(req.headers())
        } else {
            Vec::new()
        };
        client_addr(peer, &chain, self.trusted_proxy_hops).unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    /// A login attempt for `account` (a normalised email) from this request.
    pub fn login(&self, req: &HttpRequest, account: &str) -> Result<(), ApiError> {
        let ip = self.client_ip(req);
        check(&self.login_per_ip, &ip)?;
        check(&self.login_per_account_ip, &(account.to_owned(), ip))?;
        check(&self.login_per_account, &account.to_owned())
    }

    /// A password check for an account that is already logged in (password change).
    pub fn password_check(&self, req: &HttpRequest, account: &str) -> Result<(), ApiError> {
        let ip = self.client_ip(req);
        check(&self.login_per_account_ip, &(account.to_owned(), ip))?;
        check(&self.login_per_account, &account.to_owned())
    }

    pub fn register(&self, req: &HttpRequest) -> Result<(), ApiError> {
        check(&self.register_per_ip, &self.client_ip(req))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn chain(entries: &[&str]) -> Vec<String> {
        entries.iter().map(|s| (*s).to_owned()).collect()
    }
    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let peer = ip("10.0.0.1");
        assert_eq!(client_addr(peer, &chain(&["1.1.1.1"]), 0), peer);
    }

    #[test]
    fn one_proxy_takes_the_entry_it_appended_not_what_the_client_wrote() {
        let peer = ip("10.0.0.1");
        // The client wrote "6.6.6.6"; our proxy appended the real 203.0.113.9.
        let c = chain(&["6.6.6.6", "203.0.113.9"]);
        assert_eq!(client_addr(peer, &c, 1), ip("203.0.113.9"));
        assert_eq!(
            client_addr(peer, &chain(&["203.0.113.9"]), 1),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn two_proxies_skip_the_inner_one() {
        let peer = ip("10.0.0.2");
        let c = chain(&["6.6.6.6", "203.0.113.9", "10.0.0.1"]);
        assert_eq!(client_addr(peer, &c, 2), ip("203.0.113.9"));
    }

    #[test]
    fn forms_proxies_write_are_understood_and_garbage_falls_back_to_the_peer() {
        assert_eq!(parse_addr("203.0.113.9:4711"), ip("203.0.113.9"));
        assert_eq!(parse_addr("\"[2001:db8::1]:80\""), ip("2001:db8::1"));
        assert_eq!(parse_addr("[2001:db8::1]"), ip("2001:db8::1"));
        let peer = ip("10.0.0.1");
        assert_eq!(client_addr(peer, &chain(&["unknown"]), 1), peer);
    }
}
