//! [`RedisSessionStore`]: the gateway sessions of a bot's shards kept in Redis, so that a process
//! started again resumes its shards instead of identifying them.

use std::time::Duration;

use accord_gateway::{Session, SessionStore, SessionStoreFuture};
use accord_model::gateway::ShardId;
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use crate::error::{Error, ErrorKind};
use crate::keys::KeyPrefix;

/// How long a stored session lives after its last save: Discord keeps a disconnected session
/// resumable for "a few minutes" (its gateway documentation; in practice about two, which the
/// emulator copies), so three minutes outlast that with room for clock skew and a save interval,
/// while a session surely dead is not resumed in vain (that costs a round trip and an
/// INVALID_SESSION, then an identify anyway).
pub const SESSION_EXPIRY: Duration = Duration::from_secs(180);

/// A [`SessionStore`] in Redis: one string per shard, `P:s:<total>:<number>`, holding the
/// session as JSON and expiring [`SESSION_EXPIRY`] after its last save. Cloning it shares its
/// connection.
#[derive(Clone, Debug)]
pub struct RedisSessionStore {
    connection: ConnectionManager,
    prefix: KeyPrefix,
    expiry: Duration,
}

/// Configures a [`RedisSessionStore`].
#[derive(Clone, Debug)]
#[must_use]
pub struct RedisSessionStoreBuilder {
    url: String,
    bot: Id<UserMarker>,
    prefix: String,
    expiry: Duration,
    timeout: Duration,
}

impl RedisSessionStoreBuilder {
    /// The key prefix's name, the same as the rate limiter's. Default: `accord`.
    pub fn prefix(mut self, name: impl Into<String>) -> Self {
        self.prefix = name.into();
        self
    }

    /// How long a session lives after its last save. Default: [`SESSION_EXPIRY`].
    pub fn expiry(mut self, expiry: Duration) -> Self {
        self.expiry = expiry.max(Duration::from_millis(1));
        self
    }

    /// How long a call to Redis may take. Default: one second.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connects.
    pub async fn build(self) -> Result<RedisSessionStore, Error> {
        let client =
            redis::Client::open(self.url.as_str()).map_err(|e| Error::new(ErrorKind::Url, e))?;
        let config = ConnectionManagerConfig::new()
            .set_response_timeout(Some(self.timeout))
            .set_connection_timeout(Some(self.timeout));
        let connection = tokio::time::timeout(
            self.timeout * 4,
            ConnectionManager::new_with_config(client, config),
        )
        .await
        .map_err(|_| Error::timeout())??;
        Ok(RedisSessionStore {
            connection,
            prefix: KeyPrefix::new(&self.prefix, self.bot),
            expiry: self.expiry,
        })
    }
}

impl RedisSessionStore {
    /// A builder for the bot `bot` (its user id, part of every key).
    pub fn builder(url: impl Into<String>, bot: Id<UserMarker>) -> RedisSessionStoreBuilder {
        RedisSessionStoreBuilder {
            url: url.into(),
            bot,
            prefix: "accord".to_owned(),
            expiry: SESSION_EXPIRY,
            timeout: Duration::from_secs(1),
        }
    }

    /// How long a session lives after its last save.
    pub fn expiry(&self) -> Duration {
        self.expiry
    }

    fn key(&self, shard: ShardId) -> String {
        self.prefix.key(&format!("s:{}:{}", shard.total(), shard.number()))
    }
}

impl SessionStore for RedisSessionStore {
    fn load(&self, shard: ShardId) -> SessionStoreFuture<Option<Session>> {
        let (key, mut connection) = (self.key(shard), self.connection.clone());
        Box::pin(async move {
            let json: Option<String> = redis::cmd("GET")
                .arg(&key)
                .query_async(&mut connection)
                .await
                .map_err(Error::from)?;
            let Some(json) = json else { return Ok(None) };
            let session =
                serde_json::from_str(&json).map_err(|e| Error::new(ErrorKind::Reply, e))?;
            Ok(Some(session))
        })
    }

    fn save(&self, shard: ShardId, session: Session) -> SessionStoreFuture<()> {
        let (key, mut connection) = (self.key(shard), self.connection.clone());
        let expiry = u64::try_from(self.expiry.as_millis()).unwrap_or(u64::MAX);
        Box::pin(async move {
            let json =
                serde_json::to_string(&session).map_err(|e| Error::new(ErrorKind::Reply, e))?;
            redis::cmd("SET")
                .arg(&key)
                .arg(json)
                .arg("PX")
                .arg(expiry)
                .exec_async(&mut connection)
                .await
                .map_err(Error::from)?;
            Ok(())
        })
    }

    fn delete(&self, shard: ShardId) -> SessionStoreFuture<()> {
        let (key, mut connection) = (self.key(shard), self.connection.clone());
        Box::pin(async move {
            redis::cmd("DEL").arg(&key).exec_async(&mut connection).await.map_err(Error::from)?;
            Ok(())
        })
    }
}
