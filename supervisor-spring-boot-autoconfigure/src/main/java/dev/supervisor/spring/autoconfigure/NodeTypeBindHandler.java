package dev.supervisor.spring.autoconfigure;

import dev.supervisor.spring.autoconfigure.SupervisionProperties.Child;
import dev.supervisor.spring.autoconfigure.SupervisionProperties.Tree;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;

/**
 * Binds each root tree and child to the property type its keys call for (see
 * {@link NodeTypes}): where the binder is about to bind an abstract {@link Tree} or
 * {@link Child}, it binds the concrete type instead. Other targets pass through
 * untouched, so the handler can wrap the handler of every
 * {@code @ConfigurationProperties} bean.
 */
final class NodeTypeBindHandler extends AbstractBindHandler {

	NodeTypeBindHandler(BindHandler parent) {
		super(parent);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
		Class<?> type = target.getType().resolve(Object.class);
		if (type == Tree.class || type == Child.class) {
			NodeTypes.Declaration declaration = new SourceDeclaration(name, context.getSources());
			Class<?> concrete = (type == Tree.class) ? NodeTypes.treeType(declaration)
					: NodeTypes.childType(declaration);
			target = (Bindable<T>) Bindable.of(concrete).withAnnotations(target.getAnnotations());
		}
		return super.onStart(name, target, context);
	}

	/**
	 * A node's declaration as the sources being bound have it (for a list element, the
	 * one source the list comes from).
	 */
	private record SourceDeclaration(ConfigurationPropertyName name,
			Iterable<ConfigurationPropertySource> sources) implements NodeTypes.Declaration {

		@Override
		public @Nullable Object value(String key) {
			ConfigurationPropertyName keyName = this.name.append(key);
			for (ConfigurationPropertySource source : this.sources) {
				ConfigurationProperty property = source.getConfigurationProperty(keyName);
				if (property != null) {
					return property.getValue();
				}
			}
			return null;
		}

		@Override
		public boolean hasNested(String key) {
			ConfigurationPropertyName keyName = this.name.append(key);
			for (ConfigurationPropertySource source : this.sources) {
				if (source.containsDescendantOf(keyName) == ConfigurationPropertyState.PRESENT) {
					return true;
				}
			}
			return false;
		}

	}

}
