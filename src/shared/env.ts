/** Configuration read once at start. */

/** The embedded broker `npm start` runs, or null when the app is served without it. */
export const DEMO_BROKER_URL: string | null = import.meta.env.VITE_DEMO_BROKER_URL?.trim() || null;
