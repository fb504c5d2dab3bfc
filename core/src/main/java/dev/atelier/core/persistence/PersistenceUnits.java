package dev.atelier.core.persistence;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.eclipse.persistence.config.PersistenceUnitProperties;
import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * Builds EclipseLink persistence units in code: resource-local transactions on a data source we
 * own, an explicit list of entity classes, no DDL generation (Flyway owns the schema) and no
 * weaving. The same recipe serves core and, later, each plugin on its own class loader.
 */
public final class PersistenceUnits {

  private PersistenceUnits() {}

  public static EntityManagerFactory create(
      String name, DataSource dataSource, List<String> classes, Map<String, Object> extra) {
    return create(name, dataSource, classes, PersistenceUnits.class.getClassLoader(), extra);
  }

  public static EntityManagerFactory create(
      String name,
      DataSource dataSource,
      List<String> classes,
      ClassLoader loader,
      Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put(PersistenceUnitProperties.WEAVING, "false");
    props.put(PersistenceUnitProperties.DDL_GENERATION, PersistenceUnitProperties.NONE);
    props.put(PersistenceUnitProperties.LOGGING_LEVEL, "WARNING");
    props.put(PersistenceUnitProperties.CACHE_SHARED_DEFAULT, "false");
    props.put(PersistenceUnitProperties.MULTITENANT_SHARED_EMF, "true");
    props.put(PersistenceUnitProperties.MULTITENANT_SHARED_CACHE, "false");
    props.put(PersistenceUnitProperties.CLASSLOADER, loader);
    props.put("eclipselink.jdbc.batch-writing", "JDBC");
    props.put(PersistenceUnitProperties.SESSION_CUSTOMIZER, SessionDefaults.class.getName());
    props.putAll(extra);
    return new PersistenceProvider()
        .createContainerEntityManagerFactory(new Info(name, dataSource, classes, loader), props);
  }

  /**
   * The unit of a plugin's entities, loaded through the plugin's class loader, every entity
   * tenant-owned ({@link TenantColumn}). The plugin's loader does not see core classes; the unit's
   * loader adds the one EclipseLink needs from core, the session customizer.
   */
  public static EntityManagerFactory forPlugin(
      String name, DataSource dataSource, List<String> classes, ClassLoader pluginLoader) {
    return create(
        name,
        dataSource,
        classes,
        new PluginUnitLoader(pluginLoader),
        Map.of(PersistenceUnitProperties.SESSION_CUSTOMIZER, TenantColumn.class.getName()));
  }

  private static final class PluginUnitLoader extends ClassLoader {

    PluginUnitLoader(ClassLoader plugin) {
      super("atelier-plugin-unit", plugin);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (TenantColumn.class.getName().equals(name)) {
        return TenantColumn.class;
      }
      if (SessionDefaults.class.getName().equals(name)) {
        return SessionDefaults.class;
      }
      return super.loadClass(name, resolve);
    }
  }

  /**
   * The root (directory or jar) that holds {@code className}: where EclipseLink looks for mapping
   * files of the unit.
   */
  static URL rootOf(String className, ClassLoader loader) {
    String resource = className.replace('.', '/') + ".class";
    URL url = loader.getResource(resource);
    if (url == null) {
      throw new IllegalArgumentException("Class not found: " + className);
    }
    String text = url.toString();
    try {
      if (text.startsWith("jar:")) {
        return new URL(text.substring(4, text.indexOf("!/")));
      }
      return new URL(text.substring(0, text.length() - resource.length()));
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Info(String name, DataSource dataSource, List<String> classes, ClassLoader loader)
      implements PersistenceUnitInfo {

    @Override
    public String getPersistenceUnitName() {
      return name;
    }

    @Override
    public String getPersistenceProviderClassName() {
      return PersistenceProvider.class.getName();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
      return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
      return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
      return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
      return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
      return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
      return rootOf(classes.get(0), loader);
    }

    @Override
    public List<String> getManagedClassNames() {
      return classes;
    }

    @Override
    public boolean excludeUnlistedClasses() {
      return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
      return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
      return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
      return new Properties();
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
      return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
      return loader;
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
      // no weaving
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
      return loader;
    }

    // Jakarta Persistence 3.2 (EE 11) asks these too; without @Override, as 3.1 has neither.

    /** No CDI qualifiers for the unit's entity manager factory (Persistence 3.2). */
    public List<String> getQualifierAnnotationNames() {
      return List.of();
    }

    /** No CDI scope for the unit's entity manager factory (Persistence 3.2). */
    public String getScopeAnnotationName() {
      return null;
    }
  }
}
