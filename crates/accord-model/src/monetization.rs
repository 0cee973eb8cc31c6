//! Monetization: SKUs, entitlements and subscriptions.
