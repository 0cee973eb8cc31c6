//! The panic boundary around user code: a panicking command, check, hook, route or
//! autocomplete callback becomes a [`FrameworkError`] of kind `Panic`, and the task that ran
//! it carries on to report it.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;

use crate::cache::CacheState;
use crate::context::Context;
use crate::error::{FrameworkError, FrameworkErrorKind};
use crate::framework::ErrorHook;

/// The message a panic was raised with, when it is text.
fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Runs `future`, turning a panic into an error of kind `Panic`.
///
/// The future is asserted unwind safe: what it shares with the rest of the framework (the
/// invocation's state, cooldowns, waiters) is behind locks that recover from poisoning, so
/// a panic leaves nothing half-updated that later code trusts.
pub(crate) async fn catch<T>(
    future: impl Future<Output = Result<T, FrameworkError>>,
) -> Result<T, FrameworkError> {
    match AssertUnwindSafe(future).catch_unwind().await {
        Ok(result) => result,
        Err(payload) => {
            let message = message(&*payload);
            tracing::error!(%message, "user code panicked");
            Err(FrameworkError::new(FrameworkErrorKind::Panic { message }))
        }
    }
}

/// Calls the error hook; a panic in the hook itself is logged.
pub(crate) async fn catch_hook<D: Send + Sync + 'static, C: CacheState>(
    hook: &ErrorHook<D, C>,
    error: FrameworkError,
    ctx: Context<D, C>,
) {
    if let Err(payload) = AssertUnwindSafe(hook(error, ctx)).catch_unwind().await {
        tracing::error!(message = %message(&*payload), "the on_error hook panicked");
    }
}

#[cfg(test)]
mod tests {
    use super::catch;
    use crate::error::FrameworkErrorKind;

    #[tokio::test]
    async fn panics_become_errors_with_their_message() {
        let n = std::hint::black_box(3);
        let formatted = catch::<()>(async move { panic!("too many: {n}") }).await.unwrap_err();
        assert!(
            matches!(formatted.kind(), FrameworkErrorKind::Panic { message } if message == "too many: 3")
        );
        let literal = catch::<()>(async { std::panic::panic_any(7_u8) }).await;
        assert!(matches!(
            literal.unwrap_err().kind(),
            FrameworkErrorKind::Panic { message } if message == "a panic without a message"
        ));
        assert_eq!(catch(async { Ok(5) }).await.unwrap(), 5);
    }
}
