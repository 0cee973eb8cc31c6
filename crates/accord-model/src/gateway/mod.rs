//! The gateway protocol: payloads, opcodes, intents, close codes and dispatch events.
