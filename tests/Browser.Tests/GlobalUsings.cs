global using Microsoft.Playwright;
