//! LISTEN/NOTIFY fan-in: one dedicated, unpooled connection per engine
//! LISTENs on every channel anyone subscribed to and forwards each
//! notification to that channel's broadcast sender. When the connection
//! drops (a server restart, say) it reconnects with a bounded backoff,
//! LISTENs again and sends [`RECONNECTED`] on every channel, so
//! subscribers can reload what they may have missed. The same payload is
//! sent on a channel as soon as its LISTEN is in force, which closes the gap
//! between subscribing and listening: a change committed in between is
//! picked up by that reload.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;
use tokio_postgres::tls::NoTlsStream;
use tokio_postgres::{AsyncMessage, Client, Config, Connection, NoTls, Socket};

/// The payload sent on every channel after the listener reconnected.
pub const RECONNECTED: &str = "*reconnected*";

const MIN_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(2);
const CAPACITY: usize = 256;

type Channels = Arc<Mutex<HashMap<String, broadcast::Sender<String>>>>;

/// The listening side of an engine.
pub(crate) struct Listener {
    channels: Channels,
    commands: mpsc::UnboundedSender<String>,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Listener {
    /// Starts the listening task (it connects in the background).
    pub(crate) fn start(config: Config) -> Listener {
        let channels: Channels = Arc::default();
        let (commands, rx) = mpsc::unbounded_channel();
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(manage(config, channels.clone(), rx, stopped));
        Listener {
            channels,
            commands,
            stop,
            task: Mutex::new(Some(task)),
        }
    }

    /// A receiver of every payload notified on `channel` from now on.
    pub(crate) fn subscribe(&self, channel: &str) -> broadcast::Receiver<String> {
        if *self.stop.borrow() {
            // Closed: a receiver whose sender is already gone.
            return broadcast::channel(1).1;
        }
        let mut channels = lock(&self.channels);
        if let Some(tx) = channels.get(channel) {
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(CAPACITY);
        channels.insert(channel.to_owned(), tx);
        let _ = self.commands.send(channel.to_owned());
        rx
    }

    /// Stops the task, closes its connection and ends every subscription.
    pub(crate) async fn close(&self) {
        let _ = self.stop.send(true);
        let task = lock(&self.task).take();
        if let Some(task) = task {
            if let Err(e) = task.await {
                tracing::warn!(error = %e, "PostgreSQL listener task failed");
            }
        }
        lock(&self.channels).clear();
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Resolves once `close` was called (or the listener was dropped).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Connects, LISTENs and forwards until stopped, reconnecting on loss.
async fn manage(
    config: Config,
    channels: Channels,
    mut commands: mpsc::UnboundedReceiver<String>,
    mut stop: watch::Receiver<bool>,
) {
    let mut backoff = MIN_BACKOFF;
    let mut connected_before = false;
    loop {
        let connected = tokio::select! {
            result = config.connect(NoTls) => result,
            () = stopped(&mut stop) => return,
        };
        match connected {
            Ok((client, connection)) => {
                let mut driver = tokio::spawn(drive(connection, channels.clone()));
                let names: Vec<String> = lock(&channels).keys().cloned().collect();
                let mut ok = true;
                for name in &names {
                    ok = ok && listen(&client, name).await;
                }
                if ok {
                    backoff = MIN_BACKOFF;
                    if connected_before {
                        tracing::info!("PostgreSQL listener reconnected");
                    }
                    for tx in lock(&channels).values() {
                        let _ = tx.send(RECONNECTED.to_owned());
                    }
                    connected_before = true;
                    let listened: HashSet<String> = names.into_iter().collect();
                    let lost = serve(
                        &client,
                        &channels,
                        listened,
                        &mut driver,
                        &mut commands,
                        &mut stop,
                    )
                    .await;
                    if !lost {
                        driver.abort();
                        return;
                    }
                }
                driver.abort();
                tracing::warn!("PostgreSQL listener connection lost; reconnecting");
            }
            Err(e) => {
                tracing::debug!(error = %crate::errors::describe(&e), "PostgreSQL listener cannot connect");
            }
        }
        tokio::select! {
            () = tokio::time::sleep(backoff) => {}
            () = stopped(&mut stop) => return,
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// LISTENs on new channels until the connection is lost (`true`) or the
/// listener is stopped (`false`).
async fn serve(
    client: &Client,
    channels: &Channels,
    mut listened: HashSet<String>,
    driver: &mut JoinHandle<()>,
    commands: &mut mpsc::UnboundedReceiver<String>,
    stop: &mut watch::Receiver<bool>,
) -> bool {
    loop {
        tokio::select! {
            () = stopped(stop) => return false,
            _ = &mut *driver => return true,
            command = commands.recv() => match command {
                // Already listened on this connection (queued before it
                // came up): nothing to do, and no second signal.
                Some(name) if listened.contains(&name) => {}
                Some(name) => {
                    if !listen(client, &name).await {
                        return true;
                    }
                    if let Some(tx) = lock(channels).get(&name) {
                        let _ = tx.send(RECONNECTED.to_owned());
                    }
                    listened.insert(name);
                }
                None => return false,
            },
        }
    }
}

async fn listen(client: &Client, channel: &str) -> bool {
    match client
        .batch_execute(&format!("LISTEN {}", crate::quote_ident(channel)))
        .await
    {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(channel, error = %crate::errors::describe(&e), "LISTEN failed");
            // A bad channel name is not a lost connection.
            e.as_db_error().is_some()
        }
    }
}

/// Polls the connection, forwarding notifications, until it ends.
async fn drive(mut connection: Connection<Socket, NoTlsStream>, channels: Channels) {
    loop {
        match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            Some(Ok(AsyncMessage::Notification(n))) => {
                if let Some(tx) = lock(&channels).get(n.channel()) {
                    let _ = tx.send(n.payload().to_owned());
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                tracing::debug!(error = %crate::errors::describe(&e), "PostgreSQL listener connection ended");
                return;
            }
            None => return,
        }
    }
}
