//! Declares a route from its contract: the method and path come from the endpoint's marker
//! (`poolgate_api::routes`), so the router cannot disagree with the app about them.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, on};
use poolgate_api::{Endpoint, Method};

use crate::AppState;

pub trait RouterExt {
    /// Serves `endpoint` (a marker of `poolgate_api::routes`) with `handler`:
    /// `Router::new().endpoint(SignIn, sign_in)`.
    fn endpoint<E: Endpoint, H: Handler<T, AppState>, T: 'static>(
        self,
        endpoint: E,
        handler: H,
    ) -> Self;
}

impl RouterExt for Router<AppState> {
    fn endpoint<E: Endpoint, H: Handler<T, AppState>, T: 'static>(self, _: E, handler: H) -> Self {
        let method = match E::METHOD {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Delete => MethodFilter::DELETE,
        };
        self.route(E::ROUTE, on(method, handler))
    }
}
