//! Lua scripts: loaded once, called by their SHA1, loaded again when Redis answers NOSCRIPT
//! (after a restart or a `SCRIPT FLUSH`).

use redis::aio::ConnectionLike;
use redis::{Cmd, ErrorKind, FromRedisValue, RedisResult, ServerErrorKind};

/// A script and its SHA1.
#[derive(Debug)]
pub(crate) struct Script {
    source: &'static str,
    sha: String,
}

impl Script {
    pub(crate) fn new(source: &'static str) -> Self {
        Self { source, sha: redis::Script::new(source).get_hash().to_owned() }
    }

    /// Loads the script into Redis's script cache.
    pub(crate) async fn load(&self, connection: &mut impl ConnectionLike) -> RedisResult<()> {
        redis::cmd("SCRIPT").arg("LOAD").arg(self.source).exec_async(connection).await
    }

    /// An `EVALSHA` of the script with `key` (which routes it to its cluster slot); push the
    /// arguments onto the command, then [`Script::call`] it.
    pub(crate) fn command(&self, key: &str) -> Cmd {
        let mut command = redis::cmd("EVALSHA");
        command.arg(&self.sha).arg(1).arg(key);
        command
    }

    /// Runs a command made by [`Script::command`]: one round trip, two more when the script
    /// was not loaded.
    pub(crate) async fn call<T: FromRedisValue>(
        &self,
        command: &Cmd,
        connection: &mut impl ConnectionLike,
    ) -> RedisResult<T> {
        match command.query_async(connection).await {
            Err(error) if error.kind() == ErrorKind::Server(ServerErrorKind::NoScript) => {
                tracing::debug!(sha = %self.sha, "script not in redis's cache; loading it again");
                self.load(connection).await?;
                command.query_async(connection).await
            }
            result => result,
        }
    }
}
