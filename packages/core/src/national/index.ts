/** The national view: the nine regions side by side for advisers and the national coordinator (read-only). */
export * as National from "./national";
