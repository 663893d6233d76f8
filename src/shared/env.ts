/** Configuration read once at start. */

/** The embedded broker `npm start` runs, or null when the app is served without it. */
export const DEMO_BROKER_URL: string | null = import.meta.env.VITE_DEMO_BROKER_URL?.trim() || null;

/** The REST device registry `npm start` runs, or null. */
export const DEMO_REGISTRY_URL: string | null = import.meta.env.VITE_DEMO_REGISTRY_URL?.trim() || null;
