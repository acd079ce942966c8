//! The renewal ledger: how new the session is that the newest renewal stored, in IndexedDB.
//!
//! Why `localStorage` alone is not enough: Chromium keeps a copy of `localStorage` in each
//! renderer process and delivers another tab's write to it asynchronously, so a tab that takes
//! the refresh lock right after another tab released it can still read the old session and
//! renew a second time (five tabs did, about one run in four). IndexedDB transactions are
//! ordered by the browser for every tab of the origin: an entry committed before the lock is
//! released is read by the next holder. The holder then knows a newer session is on its way to
//! `localStorage` and waits for it instead of calling Cognito.
//!
//! The ledger holds no secret: per refresh lock, the `exp` (Unix seconds) of the access token
//! the newest renewal stored. Without IndexedDB (some private modes) it reads as empty and the
//! tabs fall back to the storage re-read alone.

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "poolgate";
const STORE: &str = "renewals";

/// The `exp` the newest renewal under `lock` stored, if any.
pub async fn newest(lock: &str) -> Option<u64> {
    let database = open().await.ok()?;
    let read = async {
        let store = database.transaction_with_str(STORE)?.object_store(STORE)?;
        done(&store.get(&JsValue::from_str(lock))?).await
    };
    let value = read.await;
    database.close();
    value.ok()?.as_f64().map(|exp| exp as u64)
}

/// Records that a renewal under `lock` stored a session whose access token expires at `exp`;
/// returns once the entry is committed, so it is read by whoever takes the lock next.
pub async fn record(lock: &str, exp: u64) {
    let Ok(database) = open().await else {
        return;
    };
    let write = async {
        let transaction =
            database.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let committed = Promise::new(&mut |resolve: Function, reject: Function| {
            transaction.set_oncomplete(Some(&resolve));
            transaction.set_onerror(Some(&reject));
            transaction.set_onabort(Some(&reject));
        });
        transaction
            .object_store(STORE)?
            .put_with_key(&JsValue::from_f64(exp as f64), &JsValue::from_str(lock))?;
        JsFuture::from(committed).await
    };
    // Best effort: without the entry, the next holder relies on the storage re-read.
    let _ = write.await;
    database.close();
}

/// Opens the ledger's database, creating its store on first use.
async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or(JsValue::NULL)?
        .indexed_db()?
        .ok_or(JsValue::NULL)?;
    let request = factory.open_with_u32(DATABASE, 1)?;
    let upgrading = request.clone();
    let upgrade = Closure::once(move || {
        if let Ok(database) = upgrading.result() {
            let _ = database
                .unchecked_into::<IdbDatabase>()
                .create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let database = done(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    database.map(JsCast::unchecked_into)
}

/// The result of an IndexedDB request, once it succeeded.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let finished = Promise::new(&mut |resolve: Function, reject: Function| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(finished).await?;
    request.result()
}
