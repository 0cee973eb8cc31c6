//! Applications, teams, application commands and their permissions.
