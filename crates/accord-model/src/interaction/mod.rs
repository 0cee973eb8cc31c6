//! Interactions of all five types, their data and resolved maps, and responses.
