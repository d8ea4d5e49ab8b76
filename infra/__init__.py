"""Infrastructure every layer may use: settings, the database and its migrations, pseudonyms, locks, log safety."""
