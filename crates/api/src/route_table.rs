//! Which methods each API path accepts, read from the OpenAPI document, so
//! a request with another method gets 405 with an `Allow` header (actix
//! routes by method and path together and would otherwise answer 404).

use utoipa::openapi::OpenApi;

#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param,
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.trim_matches('/').split('/')
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let pattern = segments(path)
                    .map(|s| {
                        if s.starts_with('{') {
                            Segment::Param
                        } else {
                            Segment::Literal(s.to_owned())
                        }
                    })
                    .collect();
                let value = serde_json::to_value(item).unwrap_or_default();
                let mut methods: Vec<String> =
                    ["get", "put", "post", "delete", "patch", "head", "options"]
                        .into_iter()
                        .filter(|m| value.get(m).is_some())
                        .map(str::to_uppercase)
                        .collect();
                if methods.iter().any(|m| m == "GET") {
                    methods.push("HEAD".into());
                }
                (pattern, methods)
            })
            .collect();
        Self { routes }
    }

    /// The methods `path` accepts, if it is a known API path.
    pub fn allowed(&self, path: &str) -> Option<String> {
        let parts: Vec<&str> = segments(path).collect();
        let mut methods: Vec<&str> = self
            .routes
            .iter()
            .filter(|(pattern, _)| {
                pattern.len() == parts.len()
                    && pattern.iter().zip(&parts).all(|(seg, part)| match seg {
                        Segment::Param => !part.is_empty(),
                        Segment::Literal(lit) => lit == part,
                    })
            })
            .flat_map(|(_, methods)| methods.iter().map(String::as_str))
            .collect();
        if methods.is_empty() {
            return None;
        }
        methods.sort_unstable();
        methods.dedup();
        Some(methods.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_paths_list_their_methods() {
        let table = RouteTable::from_openapi(&crate::openapi::document());
        assert_eq!(
            table.allowed("/api/v1/me").as_deref(),
            Some("DELETE, GET, HEAD")
        );
        assert_eq!(
            table.allowed("/api/v1/me/export").as_deref(),
            Some("GET, HEAD")
        );
        assert_eq!(
            table.allowed("/api/v1/users/abc/roles/admin").as_deref(),
            Some("DELETE, PUT")
        );
        assert_eq!(table.allowed("/healthz").as_deref(), Some("GET, HEAD"));
        assert_eq!(table.allowed("/api/v1/nothing"), None);
        assert_eq!(table.allowed("/api/v1/users/abc/roles"), None);
    }
}
