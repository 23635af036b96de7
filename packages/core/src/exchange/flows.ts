/** The national flows (filled in later in this file). */
export {};
