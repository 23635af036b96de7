/** Shared learning across regions: case studies (filled in later in this file). */
export {};
