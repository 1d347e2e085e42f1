package spec

import (
	"embed"
	"io/fs"
)

// files holds the committed extraction: COMMIT and the CSV files.
//
//go:embed COMMIT bolt*.csv
var files embed.FS

// Files returns the committed extraction (COMMIT and the CSV files) as a
// file system, for tools that print or compare it.
func Files() fs.FS { return files }

// Load returns the formats of the committed CSV files, validated. Each call
// returns a fresh copy the caller may change.
func Load() (*Formats, error) { return Parse(files) }
