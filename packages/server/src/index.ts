export { type AppContext, buildApp, type RouteAccess } from './app/build-app.ts';
export { type Config, ConfigSchema, loadConfig } from './config/config.ts';
export { type RunningServer, type StartNotes, startServer } from './serve.ts';
