"""Exchange formats: pure text <-> questions converters for GIFT, Aiken, Open Trivia DB and CSV.

Every reader takes text and returns an `Imported` (questions with the line each began on,
plus a located `Skipped` report for whatever the format said that a bank cannot hold);
every writer takes questions and returns an `Exported` (text plus what it had to leave out).
Nothing here touches the disk or the terminal.
"""
